from django.urls import path

from offers import letter_views, public_views, views

app_name = "offers"

urlpatterns = [
    path("letters/", letter_views.letter_template_list, name="letter-template-list"),
    path("letters/new/", letter_views.letter_template_create, name="letter-template-create"),
    path("letters/preview/", letter_views.letter_template_preview, name="letter-template-preview"),
    path("letters/<int:pk>/", letter_views.letter_template_edit, name="letter-template-edit"),
    path("letters/<int:pk>/archive/", letter_views.letter_template_archive, name="letter-template-archive"),
    path("<uuid:public_id>/letter/", letter_views.offer_letter_preview, name="letter-preview"),
    path("<uuid:public_id>/letter.pdf", letter_views.offer_letter_pdf, name="letter-pdf"),
    path("<uuid:public_id>/send/", letter_views.offer_letter_send, name="offer-send"),
    # The candidate's link (no account).
    path("o/<str:token>/", public_views.candidate_offer, name="candidate-offer"),
    path("o/<str:token>/letter.pdf", public_views.candidate_offer_pdf, name="candidate-offer-pdf"),
    path("o/<str:token>/accept/", public_views.candidate_offer_accept, name="candidate-offer-accept"),
    path("o/<str:token>/decline/", public_views.candidate_offer_decline, name="candidate-offer-decline"),
    path("o/<str:token>/done/", public_views.candidate_offer_done, name="candidate-offer-done"),
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
