"""Admin for careers sites, their images and stories, and job postings.

Creation goes through careers.services.site (a brand for a client, a posting
from its job); other changes are audited reference saves. Images are
uploaded on the careers site's own page, where they are checked and
re-encoded, and removed there: the admin only lists them.
"""

from __future__ import annotations

from django.contrib import admin

from careers.models import Brand, BrandImage, EmployeeStory, Posting
from careers.services import site as services
from core.admin import ServiceModelAdmin
from core.services import reference_save

BRAND_FORM_FIELDS = sorted(services.BRAND_FIELDS)


@admin.register(Brand)
class BrandAdmin(ServiceModelAdmin):
    list_display = ("display_name", "slug", "client", "is_anonymous", "is_published", "is_primary")
    list_select_related = ("client",)
    list_filter = ("is_published", "is_anonymous")
    search_fields = ("display_name", "display_name_zh_hans", "slug")
    autocomplete_fields = ("client",)
    raw_id_fields = ("logo",)

    def save_model(self, request, obj, form, change):
        if change:
            reference_save(instance=obj, actor=request.user, request=request)
            return
        fields = {name: getattr(obj, name) for name in services.BRAND_FIELDS}
        created = services.brand_create(actor=request.user, client=obj.client, **fields)
        obj.pk, obj.public_id = created.pk, created.public_id
        if obj.is_published:
            services.brand_publish(brand=created, actor=request.user)


@admin.register(BrandImage)
class BrandImageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "brand", "kind", "content_type", "width", "height", "size")
    list_select_related = ("brand",)
    search_fields = ("caption", "brand__display_name")
    raw_id_fields = ("brand",)
    # The bytes are never a form field; an image is added on its site's page.
    exclude = ("content",)
    readonly_fields = ("content_type", "width", "height", "size")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmployeeStory)
class EmployeeStoryAdmin(ServiceModelAdmin):
    list_display = ("name", "role", "brand", "order")
    list_select_related = ("brand",)
    search_fields = ("name", "role", "brand__display_name")
    autocomplete_fields = ("brand",)
    raw_id_fields = ("photo",)


@admin.register(Posting)
class PostingAdmin(ServiceModelAdmin):
    list_display = ("title", "brand", "job", "workplace", "published_at", "valid_through")
    list_select_related = ("brand", "job", "job__client")
    list_filter = ("workplace", "employment_type")
    search_fields = ("title", "title_zh_hans", "department", "location")
    autocomplete_fields = ("brand",)
    raw_id_fields = ("job",)

    def save_model(self, request, obj, form, change):
        if change:
            reference_save(instance=obj, actor=request.user, request=request)
            return
        fields = {name: getattr(obj, name) for name in services.POSTING_FIELDS}
        created = services.posting_create(job=obj.job, actor=request.user, **fields)
        obj.pk, obj.public_id = created.pk, created.public_id
