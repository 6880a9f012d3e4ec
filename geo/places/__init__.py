"""Places: toponyms in; resolved places out (gazetteer, geopy geocoders, routes, geometry)."""
