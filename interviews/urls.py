from interviews.views import (
    board,
    closing,
    debrief,
    fill,
    job_stages,
    plans,
    public,
    scheduling,
    selfschedule,
    shortlist,
    survey,
    triggers,
    workspace,
)

app_name = "interviews"
urlpatterns = [
    *board.urlpatterns,
    *closing.urlpatterns,
    *fill.urlpatterns,
    *selfschedule.urlpatterns,
    *public.urlpatterns,
    *debrief.urlpatterns,
    *shortlist.urlpatterns,
    *survey.urlpatterns,
    *workspace.urlpatterns,
    *plans.urlpatterns,
    *job_stages.urlpatterns,
    *triggers.urlpatterns,
    *scheduling.urlpatterns,
]
