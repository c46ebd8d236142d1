package io.maskwatch.vision.detect;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * Frees the fixed input size of an ONNX model: YuNet 2023mar declares its input as 1x3x640x640,
 * which ONNX Runtime enforces, while OpenCV runs it at any size (its reshapes are {@code [1, -1,
 * C]}, so height, width and the batch are free in fact). The model's bytes are edited in memory,
 * field by field of onnx.proto (read without its generated classes): the input's batch, height
 * and width become named dimensions, the outputs lose their declared shapes, and the intermediate
 * shapes computed for 640x640 ({@code value_info}) are dropped for ONNX Runtime to infer again.
 */
final class OnnxModelShapes {
    // Field numbers of onnx.proto.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_PARAM = 2;

    /** Names of the input's dimensions: N, C (kept), H, W. */
    private static final String[] INPUT_DIMS = {"batch", null, "height", "width"};

    private OnnxModelShapes() {}

    /** The model with a free batch, height and width (see the class). */
    static byte[] withFreeInputSize(byte[] model) throws InvalidProtocolBufferException {
        try {
            return edit(ByteString.copyFrom(model), MODEL_GRAPH, graph -> {
                        ByteString inputs = edit(graph, GRAPH_INPUT, OnnxModelShapes::freeInput);
                        ByteString outputs = edit(inputs, GRAPH_OUTPUT, output -> tensorShape(output, shape -> null));
                        UnknownFieldSet set = parse(outputs);
                        return set.toBuilder()
                                .clearField(GRAPH_VALUE_INFO)
                                .build()
                                .toByteString();
                    })
                    .toByteArray();
        } catch (UncheckedIOException e) {
            throw (InvalidProtocolBufferException) e.getCause();
        }
    }

    private static ByteString freeInput(ByteString valueInfo) {
        return tensorShape(valueInfo, shape -> {
            UnknownFieldSet set = parse(shape);
            if (!set.hasField(SHAPE_DIM)
                    || set.getField(SHAPE_DIM).getLengthDelimitedList().size() != 4) {
                return shape; // not an image input
            }
            UnknownFieldSet.Field.Builder dims = UnknownFieldSet.Field.newBuilder();
            var old = set.getField(SHAPE_DIM).getLengthDelimitedList();
            for (int i = 0; i < old.size(); i++) {
                dims.addLengthDelimited(INPUT_DIMS[i] == null ? old.get(i) : named(INPUT_DIMS[i]));
            }
            return set.toBuilder().addField(SHAPE_DIM, dims.build()).build().toByteString();
        });
    }

    private static ByteString named(String name) {
        return UnknownFieldSet.newBuilder()
                .addField(
                        DIM_PARAM,
                        UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8(name))
                                .build())
                .build()
                .toByteString();
    }

    /** Applies {@code change} to a value's tensor shape; {@code null} from it removes the shape. */
    private static ByteString tensorShape(ByteString valueInfo, UnaryOperator<ByteString> change) {
        return edit(
                valueInfo,
                VALUE_INFO_TYPE,
                type -> edit(type, TYPE_TENSOR, tensor -> {
                    UnknownFieldSet set = parse(tensor);
                    if (!set.hasField(TENSOR_SHAPE)) {
                        return tensor;
                    }
                    ByteString shape = change.apply(
                            set.getField(TENSOR_SHAPE).getLengthDelimitedList().get(0));
                    UnknownFieldSet.Builder edited = set.toBuilder().clearField(TENSOR_SHAPE);
                    if (shape != null) {
                        edited.addField(
                                TENSOR_SHAPE,
                                UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(shape)
                                        .build());
                    }
                    return edited.build().toByteString();
                }));
    }

    /** {@code message} with each occurrence of the embedded message {@code field} changed. */
    private static ByteString edit(ByteString message, int field, UnaryOperator<ByteString> change) {
        UnknownFieldSet set = parse(message);
        if (!set.hasField(field)) {
            return message;
        }
        UnknownFieldSet.Field.Builder edited = UnknownFieldSet.Field.newBuilder();
        for (ByteString item : set.getField(field).getLengthDelimitedList()) {
            edited.addLengthDelimited(change.apply(item));
        }
        return set.toBuilder().addField(field, edited.build()).build().toByteString();
    }

    private static UnknownFieldSet parse(ByteString message) {
        try {
            return UnknownFieldSet.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }
}
