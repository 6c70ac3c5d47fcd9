-- Applications of the SIP->RTMP gateway: the callback URL that receives the state changes of the calls placed
-- with its appKey (`hibiki sip app create --key K --url U`).

CREATE TABLE sip_apps (
    app_key       VARCHAR(100)  PRIMARY KEY,
    callback_url  VARCHAR(2048) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
