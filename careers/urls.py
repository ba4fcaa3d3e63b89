from django.urls import path

from careers.views import apply, manage, questions, referral, site

app_name = "careers"

# The public careers site (careers.views.site), the application form
# (careers.views.apply) and the staff pages (careers.views.manage, questions,
# referral, under manage/). "manage", "privacy" and "img" are reserved brand
# addresses: their routes come before the brand's.
urlpatterns: list = [
    path("manage/sites/", manage.site_list, name="site-list"),
    path("manage/sites/new/", manage.site_create, name="site-create"),
    path("manage/sites/<uuid:public_id>/", manage.site_edit, name="site-edit"),
    path("manage/sites/<uuid:public_id>/publish/", manage.site_publish, name="site-publish"),
    path("manage/sites/<uuid:public_id>/unpublish/", manage.site_unpublish, name="site-unpublish"),
    path("manage/sites/<uuid:public_id>/primary/", manage.site_primary, name="site-primary"),
    path("manage/sites/<uuid:public_id>/images/", manage.site_image_add, name="site-image-add"),
    path("manage/images/<uuid:public_id>/remove/", manage.site_image_remove, name="site-image-remove"),
    path("manage/sites/<uuid:public_id>/stories/", manage.site_story_add, name="site-story-add"),
    path("manage/stories/<uuid:public_id>/remove/", manage.site_story_remove, name="site-story-remove"),
    path("manage/jobs/<uuid:public_id>/posting/", manage.posting_edit, name="posting-edit"),
    path("manage/jobs/<uuid:public_id>/posting/publish/", manage.posting_publish, name="posting-publish"),
    path("manage/jobs/<uuid:public_id>/posting/unpublish/", manage.posting_unpublish, name="posting-unpublish"),
    path("manage/jobs/<uuid:public_id>/posting/preview/", manage.posting_preview, name="posting-preview"),
    # A job's application questions, for staff.
    path("manage/jobs/<uuid:job>/questions/", questions.question_list, name="question-list"),
    path("manage/jobs/<uuid:job>/questions/add/", questions.question_create, name="question-create"),
    path("manage/questions/<uuid:question>/", questions.question_edit, name="question-edit"),
    path("manage/questions/<uuid:question>/move/", questions.question_move, name="question-move"),
    path("manage/questions/<uuid:question>/retire/", questions.question_retire, name="question-retire"),
    # A team member's referral link.
    path("manage/referral/", referral.referral, name="referral"),
    path("", site.careers_home, name="home"),
    path("sitemap.xml", site.sitemap, name="sitemap"),
    path("feed.xml", site.feed_xml, name="feed-xml"),
    path("feed.json", site.feed_json, name="feed-json"),
    path("img/<uuid:public_id>", site.image, name="image"),
    path("privacy/<str:version>/", apply.privacy_notice, name="privacy-notice"),
    path("<slug:slug>/", site.brand_page, name="brand"),
    path("<slug:slug>/brand.css", site.brand_stylesheet, name="brand-css"),
    path("<slug:slug>/jobs/", site.job_list, name="job-list"),
    path("<slug:slug>/jobs/<uuid:public_id>/", site.job_detail, name="job-detail"),
    # The application form, public, no login.
    path("<slug:brand>/jobs/<uuid:posting>/apply/", apply.apply, name="apply"),
    path("<slug:brand>/jobs/<uuid:posting>/applied/", apply.applied, name="applied"),
]
