"""URL patterns by audience; mounted in config/urls.py under the app's prefixes."""

public_patterns: list = []
portal_patterns: list = []
staff_patterns: list = []
