from django.urls import path

from messaging import message_views, template_views, views

app_name = "messaging"
urlpatterns = [
    path("sent-mail/", views.sink_list, name="sink-list"),
    path("sent-mail/<str:name>/", views.sink_detail, name="sink-detail"),
    path("notifications/", message_views.notification_list, name="notification-list"),
    path("notifications/count/", message_views.notification_count, name="notification-count"),
    path("notifications/read/", message_views.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/read/", message_views.notification_read, name="notification-read"),
    path("templates/", template_views.template_list, name="template-list"),
    path("templates/new/", template_views.template_create, name="template-create"),
    path("templates/preview/", template_views.template_preview, name="template-preview"),
    path("templates/<uuid:public_id>/", template_views.template_edit, name="template-edit"),
]
