from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("language/", views.language_set, name="language-set"),
    path("locked/", views.locked_out, name="locked-out"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("sessions/<str:ref>/end/", views.session_end, name="session-end"),
]
