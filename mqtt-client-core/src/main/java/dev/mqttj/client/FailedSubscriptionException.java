package dev.mqttj.client;

import java.util.List;

/**
 * Reported when {@link Config#validateSubs()} is on and the broker refused a subscription
 * (SUBACK return code {@code 0x80}); the client then closes.
 */
public final class FailedSubscriptionException extends MqttClientException {

    private static final long serialVersionUID = 1L;

    /** The requested topic filters, in request order. */
    private final List<String> topicFilters;
    /** The broker's return codes, in request order. */
    private final List<Integer> returnCodes;

    /**
     * Creates the exception.
     *
     * @param topicFilters the filters that were requested, in request order
     * @param returnCodes the broker's return codes, in request order
     */
    public FailedSubscriptionException(List<String> topicFilters, List<Integer> returnCodes) {
        super("failed subscription: broker refused " + refused(topicFilters, returnCodes));
        this.topicFilters = List.copyOf(topicFilters);
        this.returnCodes = List.copyOf(returnCodes);
    }

    private static String refused(List<String> filters, List<Integer> codes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i) == 0x80) {
                if (text.length() > 0) {
                    text.append(", ");
                }
                text.append('\'').append(i < filters.size() ? filters.get(i) : "#" + i).append('\'');
            }
        }
        return text.toString();
    }

    /**
     * Returns the requested topic filters.
     *
     * @return the filters, in request order
     */
    public List<String> topicFilters() {
        return topicFilters;
    }

    /**
     * Returns the broker's return codes; {@code 0x80} marks a refused subscription.
     *
     * @return the codes, in request order
     */
    public List<Integer> returnCodes() {
        return returnCodes;
    }
}
