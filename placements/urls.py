from placements import views

app_name = "placements"
urlpatterns = [*views.urlpatterns]
