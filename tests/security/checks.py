"""Assertions shared by the hostile-input tests."""

LIST = "/api/v1/initiatives"
ITEMS = "/ogc/collections/initiatives/items"


def assert_problem(response, *statuses) -> dict:
    """An RFC 9457 problem with one of the statuses; returns its body."""
    assert response.status_code in statuses, (response.status_code, response.content)
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["title"] and problem["detail"]
    return problem


def blamed(problem) -> set[str]:
    return {param["name"] for param in problem["invalidParams"]}


def get(client, url, query):
    separator = "&" if "?" in url else "?"
    return client.get(f"{url}{separator}{query}")
