"""schema.org Event JSON-LD for a gathering's page."""

from . import schedule

EVENT_STATUS = {
    "published": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
}


def event_data(gathering, absolute_url, host=None) -> dict:
    """The Event for the json_ld tag; host is the published host initiative,
    if any."""
    url = absolute_url(gathering.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": gathering.title,
        "description": gathering.description,
        "url": url,
        "startDate": schedule.isoformat(gathering.start_date, gathering.start_time),
        "eventStatus": EVENT_STATUS.get(gathering.status),
        "location": _location(gathering, url),
    }
    if gathering.all_day or gathering.end_time is not None:
        data["endDate"] = schedule.isoformat(gathering.end_date, gathering.end_time)
    if gathering.online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if host is not None:
        data["organizer"] = {
            "@type": "Organization",
            "name": host.name,
            "url": absolute_url(host.get_absolute_url()),
        }
    return data


def _location(gathering, url):
    if gathering.online:
        return {"@type": "VirtualLocation", "url": url}
    place = {"@type": "Place", "address": _address(gathering)}
    if gathering.place_name:
        place["name"] = gathering.place_name
    if gathering.location is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": gathering.location.y,
            "longitude": gathering.location.x,
        }
    return place


def _address(gathering):
    address = {"@type": "PostalAddress", "addressCountry": "NL"}
    if gathering.municipality_id is not None:
        address["addressLocality"] = gathering.place_name or gathering.municipality.name
        address["addressRegion"] = gathering.province.name
    return address
