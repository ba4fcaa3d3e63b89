from django.urls import path

from careers.views import apply, questions, referral

app_name = "careers"

urlpatterns: list = [
    # The application form (careers.views.apply): public, no login.
    path("<slug:brand>/jobs/<uuid:posting>/apply/", apply.apply, name="apply"),
    path("<slug:brand>/jobs/<uuid:posting>/applied/", apply.applied, name="applied"),
    path("privacy/<str:version>/", apply.privacy_notice, name="privacy-notice"),
    # Its questions, for staff (careers.views.questions).
    path("manage/jobs/<uuid:job>/questions/", questions.question_list, name="question-list"),
    path("manage/jobs/<uuid:job>/questions/add/", questions.question_create, name="question-create"),
    path("manage/questions/<uuid:question>/", questions.question_edit, name="question-edit"),
    path("manage/questions/<uuid:question>/move/", questions.question_move, name="question-move"),
    path("manage/questions/<uuid:question>/retire/", questions.question_retire, name="question-retire"),
    # A team member's referral link (careers.views.referral).
    path("manage/referral/", referral.referral, name="referral"),
]
