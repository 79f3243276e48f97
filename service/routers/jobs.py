"""Jobs: a batch of hundreds of people runs in the background with progress (issues 6, 15).

Every answer comes from the job table, so any API instance answers for a job submitted to another.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from schemas.batch import BatchRequest
from schemas.job import JobState
from service import jobs
from service.auth import ActorDep
from service.db import SessionDep, database_of
from service.pdf.batch import download_headers

router = APIRouter(prefix="/api/jobs", tags=["文书任务"])


@router.post("", status_code=202, response_model=JobState, summary="提交批量文书任务")
def submit_job(body: BatchRequest, request: Request, actor: ActorDep, session: SessionDep) -> JobState:
    return jobs.submit(body, session=session, database=database_of(request), owner=actor)


@router.get("/{job_id}", response_model=JobState, summary="任务进度：done/total 与每项错误")
def job_state(job_id: str, request: Request, actor: ActorDep) -> JobState:
    return jobs.state(job_id, database=database_of(request), actor=actor)


@router.get("/{job_id}/result", response_class=Response, summary="下载任务结果")
def job_result(job_id: str, request: Request, actor: ActorDep) -> Response:
    job, content = jobs.result(job_id, database=database_of(request), actor=actor)
    return Response(
        content,
        media_type=job.media_type or "application/octet-stream",
        headers=download_headers(job.filename or "文书", job.fonts),
    )
