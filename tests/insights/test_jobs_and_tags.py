"""Background jobs (analysis tasks: queue, retries, failures), traffic lights and number filters."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from werkbaar.core.roles import Role
from werkbaar.insights import jobs, report
from werkbaar.insights.models import AnalysisJob, AnalysisResult, JobStatus


@pytest.mark.django_db
def test_a_large_analysis_is_a_queued_task_that_the_worker_runs(client, closed_campaign, make_user, settings,
                                                                  run_tasks):
    settings.WERKBAAR_ANALYSIS_MODE = "auto"
    settings.WERKBAAR_ANALYSIS_INLINE_LIMIT = 10  # the campaign has 30 responses
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=closed_campaign.organisation))
    url = reverse("insights:report", args=[closed_campaign.pk])
    assert "<progress" in client.get(url).content.decode()
    job = AnalysisJob.objects.get(status=JobStatus.QUEUED)
    task = DBTaskResult.objects.get()
    assert task.task_path == "werkbaar.insights.tasks.run_analysis_job"
    assert task.args_kwargs["args"] == [job.pk]
    assert run_tasks() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert AnalysisResult.objects.filter(key=f"campaign:{closed_campaign.pk}").exists()
    while "<progress" in (html := client.get(url).content.decode()):  # the sector comparison is the next job
        assert run_tasks() == 1
    assert "big-figure" in html


@pytest.mark.django_db
def test_failed_job_is_reported_not_raised(closed_campaign, monkeypatch):
    from werkbaar.insights import services

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "campaign_result", boom)
    job = AnalysisJob.objects.create(key="campaign:x", campaign=closed_campaign)
    job = jobs.run_job(job)
    assert job.status == JobStatus.FAILED and "disk full" in job.error
    # a job that was already claimed is not run twice
    assert jobs.claim(job) is False


@pytest.mark.django_db
def test_a_failing_analysis_task_is_retried_then_reported(closed_campaign, monkeypatch, settings, run_tasks):
    from werkbaar.insights import services

    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    failures = {"left": 1}
    real = services.campaign_result

    def flaky(*args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "campaign_result", flaky)
    _data, job = jobs.campaign_result_or_job(closed_campaign)
    assert run_tasks() == 1
    job.refresh_from_db()
    task = DBTaskResult.objects.get()
    # the page keeps waiting; the task waits for its second attempt 30 s later
    assert job.status == JobStatus.QUEUED and "database went away" in job.error
    assert task.status == TaskResultStatus.READY and task.run_after > timezone.now() + datetime.timedelta(seconds=20)
    assert run_tasks() == 0
    DBTaskResult.objects.update(run_after=timezone.now())
    assert run_tasks() == 1
    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.DONE and job.error == ""
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2

    # a lasting failure: three attempts, then the job shows the failure and the task is failed
    failures["left"] = 99
    AnalysisResult.objects.all().delete()
    _data, job = jobs.campaign_result_or_job(closed_campaign)
    for _attempt in range(3):
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        assert run_tasks() == 1
    job.refresh_from_db()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert job.status == JobStatus.FAILED and "database went away" in job.error
    assert len(failed.worker_ids) == 3 and failed.exception_class_path == "builtins.RuntimeError"
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_traffic_light_bands():
    assert report.rate_light(0.55) == "green"
    assert report.rate_light(0.5499) == "orange"
    assert report.rate_light(0.45) == "orange"
    assert report.rate_light(0.4499) == "red"
    assert report.rate_light(None) is None
    assert report.problem_light(0.2499) == "green"
    assert report.problem_light(0.25) == "orange"
    assert report.problem_light(0.40) == "red"


def test_traffic_light_badge_has_words_and_shape_not_only_colour():
    with translation.override("nl"):
        html = Template("{% load insights_tags %}{% traffic_light 'red' 'Werkdruk' %}").render(Context())
    assert "badge-red" in html and "Nu aanpakken" in html and "■" in html
    assert 'class="visually-hidden">Werkdruk' in html
    assert Template("{% load insights_tags %}{% traffic_light None %}").render(Context()).strip() == ""


def test_number_filters_are_localised():
    tpl = Template("{% load insights_tags %}{{ r|pct }} {{ c|ci }} {{ d|points }} {{ none|pct }} {% fewer_than 5 %}")
    with translation.override("nl"):
        out = tpl.render(Context({"r": 0.5121, "c": [0.41, 0.6], "d": -0.052, "none": None}))
    assert out == "51,2% 41,0% – 60,0% -5,2 procentpunt – minder dan 5"
