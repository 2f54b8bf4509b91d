package io.eventgate.gateway.admin;

import io.eventgate.common.api.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The {@code ?page=N} of the admin listener's lists: pages of {@value #SIZE}, numbered from 1. */
final class AdminPages {

  static final int SIZE = 50;
  private static final int MAX_PAGE = 100_000;

  private AdminPages() {
  }

  /** The answer of one page: its number, the page size and the page's items under {@code name}. */
  static JsonObject answer(int page, String name, JsonArray items) {
    return new JsonObject().put("page", page).put("page_size", SIZE).put(name, items);
  }

  /** The page asked for (1 when none), or {@code invalid-param} on {@code page}. */
  static int page(RoutingContext ctx) {
    List<String> given = ctx.queryParams().getAll("page");
    int page;
    try {
      page = given.isEmpty() ? 1 : given.size() > 1 ? -1 : Integer.parseInt(given.get(0));
    } catch (NumberFormatException e) {
      page = -1;
    }
    if (page < 1 || page > MAX_PAGE) {
      throw ApiException.invalidParam("page", "Param 'page' must be given once, as an integer from 1 to "
          + MAX_PAGE + ".");
    }
    return page;
  }
}
