"""The jobs panel (issue 19): failed jobs with their reason and a retry button, finished ones
with their outcome; a company token sees its own company's jobs only and cannot retry others'.
(The embedded SQLite studio: each job ran when it was queued.)"""

from __future__ import annotations

import re

from studiobook.application.jobs.queue import enqueue, task_queue
from tests.web.conftest import SALON, csrf_of, log_in, make_client


def row(page_html: str, job_id: int) -> str:
    found = re.search(rf'<tr data-job="{job_id}">(.*?)</tr>', page_html, re.S)
    assert found, page_html
    return " ".join(found.group(1).split())


def section(page_html: str, state: str) -> str:
    found = re.search(rf'<section class="card" id="jobs-{state}">(.*?)</section>', page_html, re.S)
    assert found, page_html
    return found.group(1)


def test_failed_jobs_show_their_reason_and_a_retry_runs_them_again(client, studio):
    queue = task_queue(studio.container)
    synced = enqueue(queue, "sync_members")
    failed = enqueue(queue, "sync_calcom_team", studio.salon.id)  # the salon has no Cal.com
    log_in(client)

    page = client.get("/jobs")

    assert page.status_code == 200
    assert f'data-job="{failed}"' in section(page.text, "failed")
    reason = f"GatewayNotConfigured: Cal.com is not configured: company {studio.salon.id} has no Cal.com team"
    assert f'<td class="reason">{reason}' in row(page.text, failed)
    assert f'aria-label="Retry job {failed}"' in page.text
    assert f'data-job="{synced}"' in section(page.text, "succeeded")
    assert "members: ok — 6 created, 0 updated, 0 unchanged, 0 error(s)" in row(page.text, synced)

    retried = client.post("/jobs/retry", data={"csrf_token": csrf_of(page.text), "job_id": failed},
                          follow_redirects=False)
    assert retried.headers["location"] == "/jobs?notice=retried-failed"
    again = client.get(retried.headers["location"])
    assert "The job ran again and failed — its reason is below." in again.text
    assert "<td class=\"num\">2</td>" in row(again.text, failed)  # a second attempt
    done = client.post("/jobs/retry", data={"csrf_token": csrf_of(again.text), "job_id": synced},
                       follow_redirects=False)
    assert done.headers["location"] == "/jobs?notice=retry-none"


def test_a_company_token_sees_and_retries_only_its_own_companys_jobs(studio):
    queue = task_queue(studio.container)
    installation = enqueue(queue, "sync_members")
    own = enqueue(queue, "sync_calcom_team", studio.salon.id)
    other = enqueue(queue, "sync_calcom_team", studio.other.id)
    with make_client(studio.app()) as client:
        log_in(client, SALON)
        page = client.get("/jobs")
        assert f'data-job="{own}"' in page.text
        assert f'data-job="{other}"' not in page.text and f'data-job="{installation}"' not in page.text
        refused = client.post("/jobs/retry", data={"csrf_token": csrf_of(page.text), "job_id": other},
                              follow_redirects=False)
        assert refused.headers["location"] == "/jobs?notice=retry-none"
    assert queue.job(other).attempts == 1
