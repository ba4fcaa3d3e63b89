from django.urls import path

from talentpool import views

app_name = "talentpool"
urlpatterns = [
    path("", views.pool_list, name="pool-list"),
    path("new/", views.pool_create, name="pool-create"),
    path("proposals/<uuid:application_public_id>/add/", views.proposal_add, name="proposal-add"),
    path("<uuid:public_id>/", views.pool_detail, name="pool-detail"),
    path("<uuid:public_id>/members/add/", views.member_add, name="member-add"),
    path("<uuid:public_id>/members/search/", views.member_search, name="member-search"),
    path("<uuid:public_id>/members/<int:membership_id>/remove/", views.member_remove, name="member-remove"),
    path("<uuid:public_id>/settings/", views.pool_settings, name="pool-settings"),
    path("<uuid:public_id>/fill/", views.pool_fill, name="pool-fill"),
    path("<uuid:public_id>/check-in/", views.checkin_confirm, name="checkin-confirm"),
    path("<uuid:public_id>/check-in/send/", views.checkin_send, name="checkin-send"),
    path("check-in/<str:token>/", views.checkin, name="checkin"),
]
