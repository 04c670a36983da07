package dev.mqttj.spring.boot.autoconfigure;

import dev.mqttj.transport.BrokerUrl;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks the passwords of broker URLs for health details, logs and messages.
 */
public final class MqttUrls {

    private MqttUrls() {
    }

    /**
     * Returns a URL with its password replaced by {@code ****}.
     *
     * @param url a broker URL, valid or not
     * @return the URL, safe to show; a URL that does not parse is shown up to its host only
     */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        try {
            return BrokerUrl.parse(url).toString();
        } catch (IllegalArgumentException e) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            return at > scheme && scheme >= 0 ? url.substring(0, scheme + 3) + "****" + url.substring(at) : url;
        }
    }

    /**
     * Masks every URL of a list.
     *
     * @param urls broker URLs
     * @return the masked URLs, in order
     */
    public static List<String> masked(List<String> urls) {
        List<String> result = new ArrayList<>(urls.size());
        for (String url : urls) {
            result.add(masked(url));
        }
        return result;
    }
}
