package org.treestore.engine.docstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;

/**
 * A stored document's record, as the {@code documents} table shows it, plus what export needs to
 * give back the file's shape.
 *
 * @param docId the user's id
 * @param source where it was imported from (a file name), or null
 * @param createdAtMillis when it was stored, milliseconds since the epoch
 * @param nodeCount how many nodes it has
 * @param variant the shape of the imported file
 * @param childKey {@code nodes}, or {@code child_nodes} for first-release files
 * @param idsAssigned whether the file had no node ids (export leaves them out again)
 * @param fieldsJson the file's top-level keys other than the roots, as a JSON object in file order
 *     ({@code doc_name}, {@code doc_description}, {@code pages}, ...)
 * @param pageLevels the levels of {@link PageLevels} that hold at least one interval (a superset:
 *     deletes leave bits set)
 * @param nextId the counter for ids of nodes inserted without one
 */
public record DocumentInfo(
    String docId,
    String source,
    long createdAtMillis,
    int nodeCount,
    PageIndexDocument.Variant variant,
    String childKey,
    boolean idsAssigned,
    String fieldsJson,
    long pageLevels,
    int nextId) {

  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int FORMAT = 1;

  /** {@code doc_name}, or null. */
  public String title() {
    return describe()[0];
  }

  /** {@code doc_description}, or null. */
  public String description() {
    return describe()[1];
  }

  /** The top-level keys other than the roots, {@code doc_name} and {@code doc_description}, as JSON, or null if none. */
  public String metadata() {
    return describe()[2];
  }

  /** {title, description, metadata} from one parse of the stored fields (for a caller that needs several). */
  public String[] describe() {
    ObjectNode f = fields();
    String title = f.hasNonNull("doc_name") ? f.get("doc_name").asText() : null;
    String description = f.hasNonNull("doc_description") ? f.get("doc_description").asText() : null;
    f.remove("doc_name");
    f.remove("doc_description");
    return new String[] {title, description, f.isEmpty() ? null : f.toString()};
  }

  /** A fresh copy of the top-level keys other than the roots. */
  public ObjectNode fields() {
    try {
      return (ObjectNode) JSON.readTree(fieldsJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("document " + docId + ": stored fields are not JSON", e);
    }
  }

  DocumentInfo withNodeCount(int count) {
    return new DocumentInfo(docId, source, createdAtMillis, count, variant, childKey, idsAssigned, fieldsJson,
        pageLevels, nextId);
  }

  DocumentInfo withCounters(int count, long levels, int next) {
    return new DocumentInfo(docId, source, createdAtMillis, count, variant, childKey, idsAssigned, fieldsJson,
        levels, next);
  }

  byte[] encode() {
    return new KeyWriter(64 + fieldsJson.length()).writeInt(FORMAT).writeNullableString(source)
        .writeLong(createdAtMillis).writeInt(nodeCount).writeInt(variant.ordinal()).writeString(childKey)
        .writeBoolean(idsAssigned).writeString(fieldsJson).writeLong(pageLevels).writeInt(nextId).toByteArray();
  }

  static DocumentInfo decode(String docId, byte[] value) {
    KeyReader r = new KeyReader(value);
    int format = r.readInt();
    if (format != FORMAT) {
      throw new IllegalStateException("document record of " + docId + " has format " + format);
    }
    return new DocumentInfo(docId, r.readNullableString(), r.readLong(), r.readInt(),
        PageIndexDocument.Variant.values()[r.readInt()], r.readString(), r.readBoolean(), r.readString(),
        r.readLong(), r.readInt());
  }
}
