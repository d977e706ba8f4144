/*
 * RvIG's side of the feed, written as a supplier would write it: no code of the project, only
 * the published schema (contracts/schemas/reporting/ProtocolLine.v1.avsc) and the documented
 * framing, Avro single-object encoding (0xC3 0x01, the 8-byte little-endian CRC-64-AVRO
 * fingerprint of the writer schema, the Avro binary body), read with Apache Avro and the Kafka
 * client from Maven Central, as RvIG's own broker principal.
 *
 * Configuration from the environment:
 *   BOOTSTRAP   host:port of the broker            USERNAME, PASSWORD  the principal (SASL/SCRAM-SHA-512)
 *   TOPIC       the protocol topic                 GROUP     a consumer group of the principal's prefix
 *   SCHEMA      path of ProtocolLine.v1.avsc       OINS      customer OINs to print (comma separated; empty: all)
 *   IDLE_MS     stop this long after the last record (default 5000); at most WAIT_MS (default 60000) for the first
 * Prints one JSON line per protocol line read, then "read: N lines, M skipped".
 * Exit 0; 2 when a record is not a ProtocolLine of the given schema; 3 when the broker refuses.
 *
 * Run: java -cp '.cache/libs/*' RvigProtocolReader.java   (Java 11+ runs a single source file)
 */
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

public class RvigProtocolReader {
  static String env(String name, String fallback) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      if (fallback == null) throw new IllegalArgumentException("set " + name);
      return fallback;
    }
    return v;
  }

  static String json(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public static void main(String[] args) throws Exception {
    Schema schema = new Schema.Parser().parse(new File(env("SCHEMA", null)));
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    // The standard decoder of single-object encoding: it checks the marker and the fingerprint.
    BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
    Set<String> oins = new HashSet<>(Arrays.asList(env("OINS", "").split(",")));
    oins.remove("");
    long idleMs = Long.parseLong(env("IDLE_MS", "5000"));
    long waitMs = Long.parseLong(env("WAIT_MS", "60000"));

    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env("BOOTSTRAP", null));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, env("GROUP", null));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + json(env("USERNAME", null)) + " password=" + json(env("PASSWORD", null)) + ";");

    int read = 0;
    int skipped = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(env("TOPIC", null)));
      long started = System.currentTimeMillis();
      long lastRecord = 0;
      while (lastRecord == 0 ? System.currentTimeMillis() - started < waitMs : System.currentTimeMillis() - lastRecord < idleMs) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> r : records) {
          lastRecord = System.currentTimeMillis();
          byte[] v = r.value();
          if (v == null || v.length < 10 || (v[0] & 0xff) != 0xC3 || v[1] != 0x01) {
            System.err.println("not single-object encoded at " + r.partition() + "@" + r.offset());
            System.exit(2);
          }
          long written = ByteBuffer.wrap(v, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
          if (written != fingerprint) {
            System.err.println("written with another schema (fingerprint " + Long.toHexString(written) + ") at " + r.partition() + "@" + r.offset());
            System.exit(2);
          }
          GenericRecord line = decoder.decode(v);
          String oin = String.valueOf(line.get("customerOin"));
          if (!oins.isEmpty() && !oins.contains(oin)) {
            skipped++;
            continue;
          }
          read++;
          Object requestId = line.get("requestId");
          System.out.println("{\"lineId\":" + json(String.valueOf(line.get("lineId")))
              + ",\"requestId\":" + json(requestId == null ? null : requestId.toString())
              + ",\"customerOin\":" + json(oin)
              + ",\"key\":" + json(r.key())
              + ",\"supplier\":" + json(String.valueOf(line.get("supplier")))
              + ",\"requestType\":" + json(String.valueOf(line.get("requestType")))
              + ",\"personListsProvided\":" + line.get("personListsProvided")
              + ",\"occurredAt\":" + line.get("occurredAt")
              + ",\"partition\":" + r.partition() + ",\"offset\":" + r.offset() + "}");
        }
        // A supplier commits only what it has stored; here, what it has printed.
        if (!records.isEmpty()) consumer.commitSync();
      }
    } catch (AuthorizationException e) {
      System.err.println("refused by the broker: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(3);
    }
    System.out.println("read: " + read + " lines, " + skipped + " skipped");
  }
}
