from interviews.views import (
    board,
    debrief,
    job_stages,
    plans,
    public,
    scheduling,
    selfschedule,
    shortlist,
    survey,
    workspace,
)

app_name = "interviews"
urlpatterns = [
    *board.urlpatterns,
    *selfschedule.urlpatterns,
    *public.urlpatterns,
    *debrief.urlpatterns,
    *shortlist.urlpatterns,
    *survey.urlpatterns,
    *workspace.urlpatterns,
    *plans.urlpatterns,
    *job_stages.urlpatterns,
    *scheduling.urlpatterns,
]
