package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commands' JSON: its layout, and that it reads back (through Jackson's data binding) to what was written. */
class JsonTest {

    @Test
    void objectsTakeOneMemberPerLineAndArraysOneLine() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("empty", List.of());
        inner.put("none", new LinkedHashMap<>());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", "CIFAR-10_CNN5.h5");
        root.put("image", new double[][] {{0.5, -1}, {1e-7, 3}});
        root.put("inner", inner);
        assertThat(Json.text(root)).isEqualTo("""
                {
                  "model": "CIFAR-10_CNN5.h5",
                  "image": [[0.5,-1.0],[1.0E-7,3.0]],
                  "inner": {
                    "empty": [],
                    "none": {}
                  }
                }
                """);
    }

    @Test
    void everyKindOfValueReadsBackToWhatWasWritten() throws Exception {
        List<Object> list = new ArrayList<>();
        list.add(null);
        list.add("tab\there, \"quoted\", é");
        list.add(true);
        Map<Object, Object> root = new LinkedHashMap<>();
        root.put("list", list);
        root.put(7, "an integer key");
        root.put("double", 0.1 + 0.2);
        root.put("float", 0.1f);
        root.put("int", Integer.MIN_VALUE);
        root.put("long", Long.MAX_VALUE);
        root.put("big", new BigInteger("123456789012345678901234567890"));
        root.put("decimal", new BigDecimal("0.1000"));
        root.put("floats", new float[] {1.5f, -0f});
        root.put("ints", new int[][] {{1, 2}, {}});
        root.put("objects", new Object[] {1, "two", List.of(3.0)});
        root.put("enum", Thread.State.NEW);
        JsonNode read = new ObjectMapper().readTree(Json.bytes(root));
        assertThat(read.get("list").get(0).isNull()).isTrue();
        assertThat(read.get("list").get(1).asText()).isEqualTo("tab\there, \"quoted\", é");
        assertThat(read.get("list").get(2).asBoolean()).isTrue();
        assertThat(read.get("7").asText()).isEqualTo("an integer key");
        assertThat(read.get("double").doubleValue()).isEqualTo(0.1 + 0.2);
        assertThat((float) read.get("float").doubleValue()).isEqualTo(0.1f);
        assertThat(read.get("int").intValue()).isEqualTo(Integer.MIN_VALUE);
        assertThat(read.get("long").longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(read.get("big").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(read.get("decimal").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(read.get("floats").get(0).doubleValue()).isEqualTo(1.5);
        assertThat(read.get("floats").get(1).doubleValue()).isEqualTo(-0.0);
        assertThat(read.get("ints").toString()).isEqualTo("[[1,2],[]]");
        assertThat(read.get("objects").toString()).isEqualTo("[1,\"two\",[3.0]]");
        assertThat(read.get("enum").asText()).isEqualTo("NEW");
    }

    @Test
    void writesWhatDataBindingWrites() throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("doubles", new double[] {Math.PI, 1e300, -2.5e-300, 100});
        root.put("nested", List.of(Map.of("a", 1), List.of()));
        root.put("nan", Double.NaN);
        root.put("none", null);
        String bound = new ObjectMapper().writeValueAsString(root);
        assertThat(new ObjectMapper().readTree(Json.text(root))).isEqualTo(new ObjectMapper().readTree(bound));
        assertThat(Json.text(root).replaceAll("\\s", "")).isEqualTo(bound.replaceAll("\\s", ""));
    }

    @Test
    void refusesWhatItCannotWrite() {
        assertThatThrownBy(() -> Json.text(Map.of("thread", Thread.currentThread())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Thread");
    }
}
