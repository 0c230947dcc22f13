"""The test settings' stand-in for django-axes' backend (config/settings/test.py)."""

from axes.backends import AxesStandaloneBackend


class ClientLoginAxesBackend(AxesStandaloneBackend):
    """django-axes' check on every login that comes with a request, as in production. Only
    Django's test client's `client.login()` authenticates without one (axes would refuse
    it); that login is the test setting itself up, not a login to throttle. The lockout
    tests (tests/security/test_login_lockout.py) log in through the login page."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
