"""Jobs: a batch of hundreds of people runs in the background with progress (issue 6)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from schemas.batch import BatchRequest
from schemas.job import JobState
from service.auth import ActorDep
from service.jobs import get_runner
from service.pdf.batch import download_headers

router = APIRouter(prefix="/api/jobs", tags=["文书任务"])


@router.post("", status_code=202, response_model=JobState, summary="提交批量文书任务")
def submit_job(request: BatchRequest, actor: ActorDep) -> JobState:
    return get_runner().submit(request, actor).state()


@router.get("/{job_id}", response_model=JobState, summary="任务进度：done/total 与每项错误")
def job_state(job_id: str, actor: ActorDep) -> JobState:
    return get_runner().get(job_id, actor).state()


@router.get("/{job_id}/result", response_class=Response, summary="下载任务结果")
def job_result(job_id: str, actor: ActorDep) -> Response:
    job, content = get_runner().result(job_id, actor)
    return Response(content, media_type=job.media_type, headers=download_headers(job.filename, job.fonts))
