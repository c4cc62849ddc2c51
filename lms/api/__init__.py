"""The JSON API at /api/v1 for an organisation's other systems (HR, an intranet, reporting): a layer
above the domains, as the pages are, with the same rules for who may see and do what. A token acts
for the person who made it, limited to its scopes; Litestar writes the OpenAPI document."""
