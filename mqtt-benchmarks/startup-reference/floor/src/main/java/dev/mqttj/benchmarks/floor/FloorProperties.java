package dev.mqttj.benchmarks.floor;

/**
 * As many properties as mqttj's, in as many nested groups, bound the same way. Each group is a class of its own, as
 * in {@code MqttProperties}: the binder introspects each class, so one class shared by the groups would cost less.
 */
@org.springframework.boot.context.properties.ConfigurationProperties("floor")
public class FloorProperties {
    private String brokerUrl = "tcp://localhost:1883";
    public String getBrokerUrl() { return brokerUrl; }
    public void setBrokerUrl(String v) { this.brokerUrl = v; }
    private String clientId = null;
    public String getClientId() { return clientId; }
    public void setClientId(String v) { this.clientId = v; }
    private String username = null;
    public String getUsername() { return username; }
    public void setUsername(String v) { this.username = v; }
    private String password = null;
    public String getPassword() { return password; }
    public void setPassword(String v) { this.password = v; }
    private boolean cleanSession = true;
    public boolean isCleanSession() { return cleanSession; }
    public void setCleanSession(boolean v) { this.cleanSession = v; }
    private java.time.Duration keepAlive = java.time.Duration.ofSeconds(30);
    public java.time.Duration getKeepAlive() { return keepAlive; }
    public void setKeepAlive(java.time.Duration v) { this.keepAlive = v; }
    private boolean validateSubs = false;
    public boolean isValidateSubs() { return validateSubs; }
    public void setValidateSubs(boolean v) { this.validateSubs = v; }
    private org.springframework.util.unit.DataSize readLimit = org.springframework.util.unit.DataSize.ofMegabytes(8);
    public org.springframework.util.unit.DataSize getReadLimit() { return readLimit; }
    public void setReadLimit(org.springframework.util.unit.DataSize v) { this.readLimit = v; }
    private java.time.Duration maxWriteDelay = java.time.Duration.ofMillis(10);
    public java.time.Duration getMaxWriteDelay() { return maxWriteDelay; }
    public void setMaxWriteDelay(java.time.Duration v) { this.maxWriteDelay = v; }
    private int maxInflight = 100;
    public int getMaxInflight() { return maxInflight; }
    public void setMaxInflight(int v) { this.maxInflight = v; }
    private java.time.Duration connectTimeout = java.time.Duration.ofSeconds(10);
    public java.time.Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(java.time.Duration v) { this.connectTimeout = v; }
    private java.time.Duration disconnectTimeout = java.time.Duration.ofSeconds(10);
    public java.time.Duration getDisconnectTimeout() { return disconnectTimeout; }
    public void setDisconnectTimeout(java.time.Duration v) { this.disconnectTimeout = v; }
    private java.time.Duration resubscribeTimeout = java.time.Duration.ofSeconds(10);
    public java.time.Duration getResubscribeTimeout() { return resubscribeTimeout; }
    public void setResubscribeTimeout(java.time.Duration v) { this.resubscribeTimeout = v; }
    private boolean failFast = false;
    public boolean isFailFast() { return failFast; }
    public void setFailFast(boolean v) { this.failFast = v; }
    private boolean enabled = true;
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { this.enabled = v; }
    private java.util.List<String> failoverUrls = new java.util.ArrayList<>();
    public java.util.List<String> getFailoverUrls() { return failoverUrls; }
    public void setFailoverUrls(java.util.List<String> v) { this.failoverUrls = v; }
    private final Will will = new Will();
    public Will getWill() { return will; }
    public static class Will {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Queue queue = new Queue();
    public Queue getQueue() { return queue; }
    public static class Queue {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Reconnect reconnect = new Reconnect();
    public Reconnect getReconnect() { return reconnect; }
    public static class Reconnect {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Session session = new Session();
    public Session getSession() { return session; }
    public static class Session {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Ssl ssl = new Ssl();
    public Ssl getSsl() { return ssl; }
    public static class Ssl {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Health health = new Health();
    public Health getHealth() { return health; }
    public static class Health {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Template template = new Template();
    public Template getTemplate() { return template; }
    public static class Template {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
    private final Embedded embedded = new Embedded();
    public Embedded getEmbedded() { return embedded; }
    public static class Embedded {
    private String topic = null;
    public String getTopic() { return topic; }
    public void setTopic(String v) { this.topic = v; }
    private int qos = 0;
    public int getQos() { return qos; }
    public void setQos(int v) { this.qos = v; }
    private java.time.Duration timeout = java.time.Duration.ofSeconds(1);
    public java.time.Duration getTimeout() { return timeout; }
    public void setTimeout(java.time.Duration v) { this.timeout = v; }
    private boolean flag = false;
    public boolean isFlag() { return flag; }
    public void setFlag(boolean v) { this.flag = v; }
    }
}
