from django.urls import path

from messaging import views

app_name = "messaging"
urlpatterns = [
    path("sent-mail/", views.sink_list, name="sink-list"),
    path("sent-mail/<str:name>/", views.sink_detail, name="sink-detail"),
]
