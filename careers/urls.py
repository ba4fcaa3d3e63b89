from django.urls import path

from careers.views import site

app_name = "careers"

# The public careers site (careers.views.site).
urlpatterns: list = [
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
