from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("approvals/", views.approval_list, name="approval-list"),
    path("approvals/count/", views.approval_count, name="approval-count"),
    path("applications/<uuid:application_public_id>/new/", views.offer_create, name="offer-create"),
    path("jobs/<uuid:job_public_id>/approvers/", views.job_approvers, name="job-approvers"),
    path("jobs/<uuid:job_public_id>/approvers/add/", views.job_approver_add, name="job-approver-add"),
    path("jobs/<uuid:job_public_id>/approvers/remove/", views.job_approver_remove, name="job-approver-remove"),
    path("jobs/<uuid:job_public_id>/approvers/move/", views.job_approver_move, name="job-approver-move"),
    path("<uuid:public_id>/", views.offer_detail, name="offer-detail"),
    path("<uuid:public_id>/edit/", views.offer_edit, name="offer-edit"),
    path("<uuid:public_id>/submit/", views.offer_submit, name="offer-submit"),
    path("<uuid:public_id>/withdraw/", views.offer_withdraw, name="offer-withdraw"),
    path("<uuid:public_id>/approve/", views.offer_approve, name="offer-approve"),
    path("<uuid:public_id>/reject/", views.offer_reject, name="offer-reject"),
]
