from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from maykin_2fa import monkeypatch_admin
from maykin_2fa.urls import urlpatterns as two_factor_urlpatterns

from budgets.views import approvals as budget_approvals
from config import oidc
from core.views import BenchBasisView, FaviconView
from regions import urls as region_urls
from regions import views as region_views
from regions.forms import LimitedPasswordResetForm, LoginForm
from reporting.views import dashboard as reporting_dashboard

# The region page shows the region's plans and proposals with their cost figures, so it is
# reporting's view; it keeps its place in the regions namespace (regions:detail).
region_patterns = [
    path("<slug:slug>/", reporting_dashboard.RegionDetailView.as_view(), name="detail"),
    *region_urls.urlpatterns,
]

# The admin asks staff for a second factor (decision 0020): maykin-2fa's login and set-up
# pages take /beheer/login/ and /beheer/mfa/, before the admin's own URLs.
monkeypatch_admin()

urlpatterns = [
    path("", reporting_dashboard.HomeView.as_view(), name="home"),
    path("over/", region_views.AboutView.as_view(), name="about"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path(
        "te-beoordelen/",
        budget_approvals.AwaitingDecisionView.as_view(),
        name="awaiting-decision",
    ),
    path("inloggen/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Password reset by e-mail, for local accounts: Django's views, our Dutch templates. The
    # same answer whether the address is known or not; an account without a usable password
    # (single sign-on only) or a deactivated one gets no e-mail (PasswordResetForm.get_users),
    # and one address gets a few an hour at most (LimitedPasswordResetForm).
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            form_class=LimitedPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Single sign-on (config/oidc.py): 404 unless OIDC_RP_CLIENT_ID is set.
    path("oidc/", include(oidc.urlpatterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("meldingen/", include("notifications.urls")),
    path("regios/", include((region_patterns, region_urls.app_name))),
    # The menu's "Mensen" and the invitation link (the people of a region are under regios/).
    path("", include(region_urls.people_urlpatterns)),
    path("plannen/", include("programmes.urls")),
    path("plannen/<int:plan_pk>/", include("budgets.urls")),
    path("plannen/<int:plan_pk>/", include("placements.urls")),
    path("officiele-cijfers/", include("placements.urls_official")),
    path("", include("reporting.urls")),
    path("api/", include("api.urls")),
    # The national API tokens (the beheerder's); a region's are under its page.
    path("api-tokens/", include(region_urls.national_token_urlpatterns)),
    path("beheer/", include((two_factor_urlpatterns, "maykin_2fa"))),
    path("beheer/", admin.site.urls),
]

# make bench: the template-only page the product's pages are held against (core.views), only
# in the bench's own server (BENCH_PAGES), never in a normal deploy.
if settings.BENCH_PAGES:
    urlpatterns += [path("bench/basis/", BenchBasisView.as_view(), name="bench-basis")]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
