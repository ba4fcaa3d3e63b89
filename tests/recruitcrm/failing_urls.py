"""The product's URLs and one view that fails, for the error-report tests
(in this process and in the subprocesses that run the app)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from recruitcrm.urls import urlpatterns as product_urlpatterns


@login_not_required
@csrf_exempt
def boom(request):
    # A local holding a decrypted value, as a real view's frame would.
    candidate_email = request.POST.get("email", "")  # noqa: F841
    raise RuntimeError("the view failed on purpose")


urlpatterns = [path("boom/", boom), *product_urlpatterns]
