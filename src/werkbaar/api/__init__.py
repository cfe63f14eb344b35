"""The JSON API (django-ninja): one NinjaAPI that mounts each app's router under /api/v1/."""
