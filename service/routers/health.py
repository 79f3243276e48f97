from fastapi import APIRouter

router = APIRouter(tags=["health"])


# async: answered on the event loop, so it needs none of the threads a burst of writes may be holding.
@router.get("/api/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
