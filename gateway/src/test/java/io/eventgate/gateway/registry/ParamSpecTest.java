package io.eventgate.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The param spec of docs/API.md section 4: what the registry accepts, and what it refuses naming the field. */
class ParamSpecTest {

  // --- valid specs ---

  @ParameterizedTest
  @ValueSource(strings = {
      "{'name':'view','type':'string','required':false,"
          + "'values':['default','uss_scheduler_view','uss_availability_view','notification_parameters'],"
          + "'default':'default'}",
      "{'name':'_id','type':'string','required':true,'max_length':100,'format':'uuid'}",
      "{'name':'email','type':'string','required':true,'max_length':254,'format':'email'}",
      "{'name':'password','type':'string','required':true,'max_length':200}",
      "{'name':'remember_me','type':'boolean','required':false,'default':false}",
      "{'name':'phone','type':'string','required':false,'max_length':32}",
      "{'name':'page','type':'integer','required':false,'values':[1,2,3],'default':2}",
      "{'name':'count','type':'integer','required':true}"
  })
  void validSpecsRoundTripThroughToJson(String singleQuoted) {
    JsonObject json = json(singleQuoted);
    assertThat(ParamSpec.fromJson(json).toJson()).isEqualTo(json);
  }

  @Test
  void fieldsAreReadIntoTheRecord() {
    ParamSpec spec = ParamSpec.fromJson(json("{'name':'_id','type':'string','required':true,'max_length':100,"
        + "'format':'uuid'}"));
    assertThat(spec.name()).isEqualTo("_id");
    assertThat(spec.type()).isEqualTo(ParamSpec.Type.STRING);
    assertThat(spec.required()).isTrue();
    assertThat(spec.maxLength()).isEqualTo(100);
    assertThat(spec.format()).isEqualTo(ParamSpec.Format.UUID);
    assertThat(spec.values()).isNull();
    assertThat(spec.defaultValue()).isNull();
  }

  @Test
  void requiredDefaultsToFalse() {
    ParamSpec spec = ParamSpec.fromJson(json("{'name':'phone','type':'string'}"));
    assertThat(spec.required()).isFalse();
    assertThat(spec.toJson()).isEqualTo(json("{'name':'phone','type':'string','required':false}"));
  }

  @Test
  void valuesKeepTheirOrder() {
    ParamSpec spec = ParamSpec.fromJson(json("{'name':'v','type':'string','values':['c','a','b']}"));
    assertThat(spec.values()).containsExactly("c", "a", "b");
  }

  // --- invalid specs name the field at fault ---

  @Test
  void unknownTypeIsRefused() {
    assertRefused("{'name':'a','type':'float'}", "type");
  }

  @Test
  void missingTypeIsRefused() {
    assertRefused("{'name':'a'}", "type");
  }

  @Test
  void typeIsCaseSensitive() {
    assertRefused("{'name':'a','type':'STRING'}", "type");
  }

  @Test
  void unknownFormatIsRefused() {
    assertRefused("{'name':'a','type':'string','format':'url'}", "format");
  }

  @Test
  void maxLengthOnAnIntegerIsRefused() {
    assertRefused("{'name':'a','type':'integer','max_length':10}", "max_length");
  }

  @Test
  void maxLengthOnABooleanIsRefused() {
    assertRefused("{'name':'a','type':'boolean','max_length':10}", "max_length");
  }

  @Test
  void nonPositiveMaxLengthIsRefused() {
    assertRefused("{'name':'a','type':'string','max_length':0}", "max_length");
  }

  @Test
  void nonIntegerMaxLengthIsRefused() {
    assertRefused("{'name':'a','type':'string','max_length':'10'}", "max_length");
  }

  @Test
  void formatOnABooleanIsRefused() {
    assertRefused("{'name':'a','type':'boolean','format':'uuid'}", "format");
  }

  @Test
  void formatOnAnIntegerIsRefused() {
    assertRefused("{'name':'a','type':'integer','format':'email'}", "format");
  }

  @Test
  void emptyValuesListIsRefused() {
    assertRefused("{'name':'a','type':'string','values':[]}", "values");
  }

  @Test
  void valuesThatAreNotAListAreRefused() {
    assertRefused("{'name':'a','type':'string','values':'default'}", "values");
  }

  @Test
  void valuesOfTheWrongTypeAreRefused() {
    assertRefused("{'name':'a','type':'integer','values':[1,'2']}", "values");
  }

  @Test
  void defaultNotInValuesIsRefused() {
    assertRefused("{'name':'a','type':'string','values':['x','y'],'default':'z'}", "default");
  }

  @Test
  void defaultOfTheWrongTypeIsRefused() {
    assertRefused("{'name':'a','type':'boolean','default':'false'}", "default");
  }

  @Test
  void defaultOnARequiredParamIsRefused() {
    assertRefused("{'name':'a','type':'string','required':true,'default':'x'}", "default");
  }

  @Test
  void nonBooleanRequiredIsRefused() {
    assertRefused("{'name':'a','type':'string','required':'yes'}", "required");
  }

  @Test
  void unknownFieldIsRefusedByItsName() {
    assertRefused("{'name':'a','type':'string','maxLength':10}", "maxLength");
  }

  @Test
  void missingNameIsRefused() {
    assertRefused("{'type':'string','required':true}", "name");
  }

  @Test
  void blankNameIsRefused() {
    assertRefused("{'name':'  ','type':'string'}", "name");
  }

  @Test
  void nonStringNameIsRefused() {
    assertRefused("{'name':5,'type':'string'}", "name");
  }

  // --- a route's list of specs ---

  @Test
  void routeParamsKeepTheirOrder() {
    List<ParamSpec> specs = RouteRecord.paramsFromJson(new JsonArray()
        .add(json("{'name':'view','type':'string'}"))
        .add(json("{'name':'_id','type':'string','required':true}")));
    assertThat(specs).extracting(ParamSpec::name).containsExactly("view", "_id");
  }

  @Test
  void routeParamsRefuseADuplicateName() {
    JsonArray params = new JsonArray()
        .add(json("{'name':'_id','type':'string','required':true}"))
        .add(json("{'name':'_id','type':'integer'}"));
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> RouteRecord.paramsFromJson(params));
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("params[1].name");
    assertThat(e.getMessage()).contains("_id");
  }

  @Test
  void routeParamsRefuseANonObjectEntry() {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> RouteRecord.paramsFromJson(new JsonArray().add("_id")));
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("params[0]");
  }

  @Test
  void routeParamsPassOnTheFieldOfAnInvalidSpecWithItsPosition() {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> RouteRecord.paramsFromJson(new JsonArray().add(json("{'name':'a','type':'text'}"))));
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("params[0].type");
  }

  /** Issue #10: a spec's strings are stored in PostgreSQL and compared with params: no NUL, no lone surrogate. */
  @Test
  void unstorableStringsInASpecAreRefusedNamingTheField() {
    assertRefused("{'name':'a\\u0000','type':'string'}", "name");
    assertRefused("{'name':'\\u0000','type':'string'}", "name");
    assertRefused("{'name':'\\ud800','type':'string'}", "name");
    assertRefused("{'name':'v','type':'string','values':['ok','b\\u0000']}", "values");
    assertRefused("{'name':'v','type':'string','values':['\\udc00']}", "values");
    assertRefused("{'name':'v','type':'string','default':'x\\u0000'}", "default");
    assertRefused("{'name':'v','type':'string','default':'\\ud800'}", "default");
    assertRefused("{'name':'v','type':'string','\\u0000':1}", "\uFFFD");
    assertThat(ParamSpec.fromJson(json("{'name':'v\\ud83d\\ude00','type':'string','values':['\\ud83d\\ude00'],"
        + "'default':'\\ud83d\\ude00'}")).defaultValue()).isEqualTo("\ud83d\ude00");
  }

  // --- helpers ---

  private static JsonObject json(String singleQuoted) {
    return new JsonObject(singleQuoted.replace('\'', '"'));
  }

  private static void assertRefused(String singleQuoted, String field) {
    InvalidRecordException e = catchThrowableOfType(InvalidRecordException.class,
        () -> ParamSpec.fromJson(json(singleQuoted)));
    assertThat(e).as("InvalidRecordException for %s", singleQuoted).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isNotBlank();
  }
}
