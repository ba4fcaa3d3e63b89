from candidates.views import list as list_views
from candidates.views import profile as profile_views

app_name = "candidates"
urlpatterns = [*list_views.urlpatterns, *profile_views.urlpatterns]
