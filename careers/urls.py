from django.urls import path

from careers.views import manage, site

app_name = "careers"

# The public careers site (careers.views.site) and its staff pages
# (careers.views.manage, under manage/: a reserved brand address).
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
    path("", site.careers_home, name="home"),
    path("sitemap.xml", site.sitemap, name="sitemap"),
    path("feed.xml", site.feed_xml, name="feed-xml"),
    path("feed.json", site.feed_json, name="feed-json"),
    path("img/<uuid:public_id>", site.image, name="image"),
    path("<slug:slug>/", site.brand_page, name="brand"),
    path("<slug:slug>/brand.css", site.brand_stylesheet, name="brand-css"),
    path("<slug:slug>/jobs/", site.job_list, name="job-list"),
    path("<slug:slug>/jobs/<uuid:public_id>/", site.job_detail, name="job-detail"),
    # Until the application form lands: the job page links here.
    path("<slug:slug>/jobs/<uuid:public_id>/apply/", site.stub_apply, name="apply"),
]
