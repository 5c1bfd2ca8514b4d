from fastapi import APIRouter

router = APIRouter(tags=["lesson-plans"])
