-- The offers' iceTransportPolicy for one channel ('all' or 'relay'); NULL keeps the server's
-- media.ice_transport_policy. The same SQL runs on H2 and PostgreSQL.
ALTER TABLE channels ADD COLUMN ice_transport_policy VARCHAR(8);
