"""Candidates arriving by mail: the intake inbox and the mailboxes, at /intake/."""

from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("count/", views.inbox_count, name="inbox-count"),
    path("messages/<uuid:public_id>/", views.message_detail, name="message-detail"),
    path("messages/<uuid:public_id>/candidate/", views.message_candidate_create, name="message-candidate-create"),
    path("messages/<uuid:public_id>/attach/", views.message_candidate_attach, name="message-candidate-attach"),
    path("messages/<uuid:public_id>/dismiss/", views.message_dismiss, name="message-dismiss"),
    path("mailboxes/", views.mailbox_list, name="mailbox-list"),
    path("mailboxes/new/", views.mailbox_create, name="mailbox-create"),
    path("mailboxes/<uuid:public_id>/", views.mailbox_edit, name="mailbox-edit"),
    path("mailboxes/<uuid:public_id>/test/", views.mailbox_test, name="mailbox-test"),
    path("mailboxes/<uuid:public_id>/deactivate/", views.mailbox_deactivate, name="mailbox-deactivate"),
]
