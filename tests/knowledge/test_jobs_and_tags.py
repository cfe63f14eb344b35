"""Background jobs (worker command, thread), traffic lights and number filters."""

import time

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from werkbaar.core.roles import Role
from werkbaar.knowledge import jobs, report
from werkbaar.knowledge.models import AnalysisJob, AnalysisResult, JobStatus


@pytest.mark.django_db
def test_worker_command_runs_queued_jobs(client, closed_campaign, make_user, settings):
    settings.WERKBAAR_ANALYSIS_MODE = "worker"
    client.force_login(make_user(Role.COMPANY_ADMIN, organisation=closed_campaign.organisation))
    client.get(reverse("knowledge:report", args=[closed_campaign.pk]))
    assert AnalysisJob.objects.filter(status=JobStatus.QUEUED).count() == 1
    call_command("run-analysis-jobs", once=True)
    job = AnalysisJob.objects.get()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert AnalysisResult.objects.filter(key=f"campaign:{closed_campaign.pk}").exists()


@pytest.mark.django_db
def test_failed_job_is_reported_not_raised(closed_campaign, monkeypatch):
    from werkbaar.knowledge import services

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "campaign_result", boom)
    job = AnalysisJob.objects.create(key="campaign:x", campaign=closed_campaign)
    job = jobs.run_job(job)
    assert job.status == JobStatus.FAILED and "disk full" in job.error
    # a job that was already claimed is not run twice
    assert jobs.claim(job) is False


@pytest.mark.django_db(transaction=True)
def test_thread_mode_computes_in_the_background(client, closed_campaign, make_user, settings):
    settings.WERKBAAR_ANALYSIS_MODE = "thread"
    client.force_login(make_user(Role.UNION_DELEGATE, organisation=closed_campaign.organisation))
    url = reverse("knowledge:report", args=[closed_campaign.pk])
    assert "<progress" in client.get(url).content.decode()
    deadline = time.monotonic() + 20
    html = ""
    while time.monotonic() < deadline:
        html = client.get(url).content.decode()
        if "big-figure" in html:
            break
        time.sleep(0.2)
    assert "big-figure" in html


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
        html = Template("{% load knowledge_tags %}{% traffic_light 'red' 'Werkdruk' %}").render(Context())
    assert "badge-red" in html and "Nu aanpakken" in html and "■" in html
    assert 'class="visually-hidden">Werkdruk' in html
    assert Template("{% load knowledge_tags %}{% traffic_light None %}").render(Context()).strip() == ""


def test_number_filters_are_localised():
    tpl = Template("{% load knowledge_tags %}{{ r|pct }} {{ c|ci }} {{ d|points }} {{ none|pct }} {% fewer_than 5 %}")
    with translation.override("nl"):
        out = tpl.render(Context({"r": 0.5121, "c": [0.41, 0.6], "d": -0.052, "none": None}))
    assert out == "51,2% 41,0% – 60,0% -5,2 procentpunt – minder dan 5"
