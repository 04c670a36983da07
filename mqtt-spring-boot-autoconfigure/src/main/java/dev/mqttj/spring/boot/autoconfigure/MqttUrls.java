package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.transport.BrokerUrl;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks the passwords of a list of broker URLs, valid or refused, for descriptions and messages.
 */
final class MqttUrls {

    private MqttUrls() {
    }

    /**
     * Returns a URL with its password replaced by {@code ****}.
     *
     * @param url a broker URL, valid or not
     * @return the URL, safe to show; in one that does not parse, everything between the user name and the last
     *     {@code @} is masked
     */
    static String masked(String url) {
        if (url == null) {
            return null;
        }
        try {
            return BrokerUrl.parse(url).toString();
        } catch (IllegalArgumentException e) {
            return BrokerUrl.redact(url);
        }
    }

    /**
     * Masks every URL of a list.
     *
     * @param urls broker URLs
     * @return the masked URLs, in order
     */
    static List<String> masked(List<String> urls) {
        List<String> result = new ArrayList<>(urls.size());
        for (String url : urls) {
            result.add(masked(url));
        }
        return result;
    }
}
