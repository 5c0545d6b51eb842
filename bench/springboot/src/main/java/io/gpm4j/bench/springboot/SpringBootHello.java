package io.gpm4j.bench.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring MVC on embedded Tomcat answering {@code GET /} with {@code Hello, World!}: an ordinary
 * Spring Boot application, started by {@code bench/run-springboot.sh} with and without the agent.
 */
@SpringBootApplication
@RestController
public class SpringBootHello {
    @GetMapping("/")
    public String hello() {
        return "Hello, World!";
    }

    public static void main(String[] args) {
        SpringApplication.run(SpringBootHello.class, args);
    }
}
