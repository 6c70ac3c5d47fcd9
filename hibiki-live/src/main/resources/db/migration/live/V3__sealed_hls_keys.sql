-- HLS keys are stored sealed with the server key (SecretBox: "v1:" + base64 of nonce, ciphertext and tag), longer
-- than the 32 hex characters of a plaintext key. Rows written before are sealed by the server at start.
ALTER TABLE hls_encrypt_keys ALTER COLUMN encrypt_key SET DATA TYPE VARCHAR(128);
