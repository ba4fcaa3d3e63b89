from candidates.views import arrivals as arrival_views
from candidates.views import bulk as bulk_views
from candidates.views import consents as consent_views
from candidates.views import edit as edit_views
from candidates.views import list as list_views
from candidates.views import merge as merge_views
from candidates.views import messages as message_views
from candidates.views import preview as preview_views
from candidates.views import profile as profile_views
from candidates.views import spreadsheets as spreadsheet_views

app_name = "candidates"
urlpatterns = [
    *arrival_views.urlpatterns,
    *bulk_views.urlpatterns,
    *consent_views.urlpatterns,
    *edit_views.urlpatterns,
    *list_views.urlpatterns,
    *merge_views.urlpatterns,
    *message_views.urlpatterns,
    *preview_views.urlpatterns,
    *profile_views.urlpatterns,
    *spreadsheet_views.urlpatterns,
]
