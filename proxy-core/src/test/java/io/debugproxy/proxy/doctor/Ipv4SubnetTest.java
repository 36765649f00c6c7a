package io.debugproxy.proxy.doctor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Ipv4SubnetTest {

    @ParameterizedTest
    @CsvSource({
            "172.18.0.0/16, 172.18.5.9,   true",
            "172.18.0.0/16, 172.19.0.1,   false",
            "10.0.0.0/8,    10.255.0.1,   true",
            "192.168.1.0/24, 192.168.1.255, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "0.0.0.0/0,     8.8.8.8,      true",
            "fd00::/64,     172.18.0.1,   false",
            "172.18.0.0/16, localhost,    false",
            "172.18.0.0/16, 172.18.0.300, false"})
    void tellsWhetherAnAddressIsInASubnet(String cidr, String ip, boolean inside) {
        assertEquals(inside, Ipv4Subnet.contains(cidr, ip));
    }
}
