package dev.hibiki.sip.ua;

import dev.hibiki.sip.SipAccount;
import dev.hibiki.sip.SipTransport;
import org.junit.jupiter.api.Test;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;

import static org.assertj.core.api.Assertions.assertThat;

class AddressingTest {
    private final AddressFactory addresses;

    AddressingTest() throws Exception {
        addresses = SipFactory.getInstance().createAddressFactory();
    }

    private static SipAccount account(String domain, int port) {
        return new SipAccount("myusername", "pw", "myusername", domain, null, port, false, SipTransport.UDP);
    }

    @Test
    void theAccountsOwnDomainIsCalledOnTheAccountsPort() throws Exception {
        SipAccount a = account("mytwiliodomain.sip.twilio.com", 5070);
        assertThat(Addressing.calleeUri(addresses, "mytwiliodomain.sip.twilio.com", a).toString())
                .isEqualTo("sip:mytwiliodomain.sip.twilio.com:5070");
    }

    @Test
    void otherCalleesKeepTheirMeaning() throws Exception {
        SipAccount a = account("sip.example.com", 5070);
        assertThat(Addressing.calleeUri(addresses, "conf1", a).toString()).isEqualTo("sip:conf1@sip.example.com:5070");
        assertThat(Addressing.calleeUri(addresses, "bob@other.example.com", a).toString()).isEqualTo("sip:bob@other.example.com");
        assertThat(Addressing.calleeUri(addresses, "other.example.com", a).toString()).isEqualTo("sip:other.example.com");
        assertThat(Addressing.calleeUri(addresses, "sip:carol@x.example.com:5080", a).toString())
                .isEqualTo("sip:carol@x.example.com:5080");
    }
}
