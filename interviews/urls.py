from interviews.views import board

app_name = "interviews"
urlpatterns = [*board.urlpatterns]
