from fastapi import APIRouter

router = APIRouter(tags=["paper-import"])
