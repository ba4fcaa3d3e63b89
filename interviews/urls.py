from interviews import views

app_name = "interviews"
urlpatterns = [*views.urlpatterns]
