from okrug_common.migrations import run_env
from okrug_helpdesk.models import Base

run_env(Base.metadata)
