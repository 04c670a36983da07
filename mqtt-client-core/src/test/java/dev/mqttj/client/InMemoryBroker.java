package dev.mqttj.client;

import dev.mqttj.packet.Connack;
import dev.mqttj.packet.ConnackCode;
import dev.mqttj.packet.Disconnect;
import dev.mqttj.packet.Message;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.Pingreq;
import dev.mqttj.packet.Pingresp;
import dev.mqttj.packet.Puback;
import dev.mqttj.packet.Pubcomp;
import dev.mqttj.packet.Publish;
import dev.mqttj.packet.Pubrec;
import dev.mqttj.packet.Pubrel;
import dev.mqttj.packet.Suback;
import dev.mqttj.packet.Subscribe;
import dev.mqttj.packet.Subscription;
import dev.mqttj.packet.Unsuback;
import dev.mqttj.packet.Unsubscribe;
import dev.mqttj.transport.Connection;
import dev.mqttj.transport.Dialer;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A broker without sockets, for testing the supervisor's decisions: a {@link Dialer} whose connections are
 * queues, answered on the sending thread. It accepts every CONNECT and grants every subscription, except
 * that URLs marked {@link #refuse refused} fail to dial. Packets are recorded per link, in order.
 */
final class InMemoryBroker implements Dialer {

    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final List<String> dialed = new CopyOnWriteArrayList<>();
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile Message sendAfterConnack;

    /** Makes dials to {@code url} fail as if nothing listened there. */
    void refuse(String url) {
        refused.add(url);
    }

    /** Lets dials to {@code url} succeed again. */
    void accept(String url) {
        refused.remove(url);
    }

    /** A message every later connection receives right after its CONNACK, as a resumed session's would. */
    void sendAfterConnack(Message message) {
        this.sendAfterConnack = message;
    }

    /** The URLs dialed so far, refused ones included, in order. */
    List<String> dialed() {
        return List.copyOf(dialed);
    }

    /** The connections opened so far, in order. */
    List<Link> links() {
        return List.copyOf(links);
    }

    /** The newest connection. */
    Link lastLink() {
        return links.get(links.size() - 1);
    }

    @Override
    public Connection dial(String url) throws IOException {
        dialed.add(url);
        if (refused.contains(url)) {
            throw new ConnectException("refused: " + url);
        }
        Link link = new Link(url);
        links.add(link);
        return link;
    }

    /** One connection: what the client sent, and a queue of what the broker answers. */
    final class Link implements Connection {
        private final String url;
        private final BlockingQueue<Packet> toClient = new LinkedBlockingQueue<>();
        private final List<Packet> fromClient = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Link(String url) {
            this.url = url;
        }

        /** The URL this link was dialed with. */
        String url() {
            return url;
        }

        /** The packets the client sent on this link, in order. */
        List<Packet> received() {
            return List.copyOf(fromClient);
        }

        /** The subscriptions of every SUBSCRIBE the client sent on this link, in order. */
        List<Subscription> subscriptions() {
            List<Subscription> all = new ArrayList<>();
            for (Packet packet : fromClient) {
                if (packet instanceof Subscribe) {
                    all.addAll(((Subscribe) packet).subscriptions());
                }
            }
            return all;
        }

        /** The topics of every PUBLISH the client sent on this link, in order. */
        List<String> publishedTopics() {
            List<String> topics = new ArrayList<>();
            for (Packet packet : fromClient) {
                if (packet instanceof Publish) {
                    topics.add(((Publish) packet).message().topic());
                }
            }
            return topics;
        }

        /** Drops the link as a broker crash would: the client reads end of stream. */
        void drop() {
            close();
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void send(Packet packet) throws IOException {
            if (closed) {
                throw new EOFException("link closed");
            }
            fromClient.add(packet);
            if (packet instanceof dev.mqttj.packet.Connect) {
                toClient.add(new Connack(false, ConnackCode.ACCEPTED));
                Message resumed = sendAfterConnack;
                if (resumed != null) {
                    toClient.add(new Publish(resumed, false, 0));
                }
            } else if (packet instanceof Subscribe) {
                Subscribe subscribe = (Subscribe) packet;
                List<Integer> granted = new ArrayList<>();
                for (Subscription subscription : subscribe.subscriptions()) {
                    granted.add(subscription.qos());
                }
                toClient.add(new Suback(subscribe.id(), granted));
            } else if (packet instanceof Unsubscribe) {
                toClient.add(new Unsuback(((Unsubscribe) packet).id()));
            } else if (packet instanceof Publish) {
                Publish publish = (Publish) packet;
                if (publish.message().qos() == 1) {
                    toClient.add(new Puback(publish.id()));
                } else if (publish.message().qos() == 2) {
                    toClient.add(new Pubrec(publish.id()));
                }
            } else if (packet instanceof Pubrel) {
                toClient.add(new Pubcomp(((Pubrel) packet).id()));
            } else if (packet instanceof Pingreq) {
                toClient.add(Pingresp.INSTANCE);
            } else if (packet instanceof Disconnect) {
                close();
            }
        }

        @Override
        public void flush() throws IOException {
            if (closed) {
                throw new EOFException("link closed");
            }
        }

        @Override
        public Packet receive() throws IOException {
            try {
                Packet packet = toClient.take();
                if (packet == END) {
                    toClient.add(END);
                    throw new EOFException("link closed");
                }
                return packet;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void setReadLimit(int maxPacketSize) {
        }

        @Override
        public void setMaxWriteDelay(Duration maxWriteDelay) {
        }

        @Override
        public void setName(String name) {
        }

        @Override
        public String remoteAddress() {
            return url;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                toClient.add(END);
            }
        }
    }

    /** The end-of-stream marker in a link's queue, compared by identity: a broker never sends DISCONNECT. */
    private static final Packet END = new Disconnect();
}
