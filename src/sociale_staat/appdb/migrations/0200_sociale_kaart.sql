-- Sociale kaart (Open Referral HSDS 3.0). sk_record keeps every imported HSDS row as it came
-- (JSON text), so an export gives back exactly what was imported; the other tables are derived
-- from it for search and rebuilt in the same transaction as every import.
CREATE TABLE sk_import (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    counts TEXT NOT NULL
);
CREATE TABLE sk_record (
    tbl TEXT NOT NULL,
    id TEXT NOT NULL,
    import_id TEXT NOT NULL REFERENCES sk_import (id),
    label TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (tbl, id)
);
CREATE TABLE sk_service (
    id TEXT PRIMARY KEY,
    organization_id TEXT,
    organization_name TEXT,
    name TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,
    minimum_age REAL,
    maximum_age REAL,
    assured_date TEXT,
    label TEXT
);
CREATE TABLE sk_location (
    id TEXT PRIMARY KEY,
    name TEXT,
    address TEXT,
    postcode TEXT,
    latitude REAL,
    longitude REAL,
    wijk_code TEXT,
    buurt_code TEXT
);
CREATE INDEX sk_location_wijk ON sk_location (wijk_code);
CREATE INDEX sk_location_postcode ON sk_location (postcode);
CREATE TABLE sk_service_location (
    service_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    PRIMARY KEY (service_id, location_id)
);
CREATE INDEX sk_service_location_location ON sk_service_location (location_id);
-- Stemmed words of a service's names, description and taxonomy terms (core/text.py stemmer).
CREATE TABLE sk_word (
    word TEXT NOT NULL,
    service_id TEXT NOT NULL,
    PRIMARY KEY (word, service_id)
);
-- Opening hours from HSDS schedules: weekday 0 = Monday; nth 0 = every week, n = the n-th
-- such weekday of the month, -1 = the last; location-only schedules have no service_id.
CREATE TABLE sk_opening (
    service_id TEXT,
    location_id TEXT,
    weekday INTEGER NOT NULL,
    nth INTEGER NOT NULL,
    opens TEXT,
    closes TEXT,
    valid_from TEXT,
    valid_to TEXT
);
CREATE INDEX sk_opening_service ON sk_opening (service_id);
CREATE INDEX sk_opening_location ON sk_opening (location_id);
