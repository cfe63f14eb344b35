"""Background work: the task queue's retries, the worker's heartbeat and the periodic schedule.

Tasks themselves live in each app's ``tasks.py`` (``insights.tasks``, ``reporting.tasks``, ...) and
are declared with :func:`werkbaar.background.policy.task`. Queue and worker are Django's Tasks
framework with its database backend (``django_tasks`` / ``django_tasks_db``); this app adds only
what they lack: retries, recovery of tasks whose worker died, and a schedule
(docs/decisions/0006-background-tasks.md).
"""
